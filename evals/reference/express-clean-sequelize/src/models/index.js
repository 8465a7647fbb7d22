'use strict';
// Declares every entity on one Sequelize instance and the associations between them, each with an alias.
const { Article, initArticle } = require('./article');
const { Comment, initComment } = require('./comment');
const { ArticleTag, Favorite, Follow, initLinks } = require('./links');
const { Tag, initTag } = require('./tag');
const { User, initUser } = require('./user');

const CASCADE = { onDelete: 'CASCADE', onUpdate: 'CASCADE' };

function associate() {
  User.hasMany(Article, { as: 'articles', foreignKey: 'authorId', ...CASCADE });
  Article.belongsTo(User, { as: 'author', foreignKey: 'authorId', ...CASCADE });

  Article.hasMany(Comment, { as: 'comments', foreignKey: 'articleId', ...CASCADE });
  Comment.belongsTo(Article, { as: 'article', foreignKey: 'articleId', ...CASCADE });
  User.hasMany(Comment, { as: 'comments', foreignKey: 'authorId', ...CASCADE });
  Comment.belongsTo(User, { as: 'author', foreignKey: 'authorId', ...CASCADE });

  Article.belongsToMany(Tag, { as: 'tags', through: ArticleTag, foreignKey: 'articleId', otherKey: 'tagId' });
  Tag.belongsToMany(Article, { as: 'articles', through: ArticleTag, foreignKey: 'tagId', otherKey: 'articleId' });

  Article.belongsToMany(User, { as: 'favoritedBy', through: Favorite, foreignKey: 'articleId', otherKey: 'userId' });
  User.belongsToMany(Article, { as: 'favorites', through: Favorite, foreignKey: 'userId', otherKey: 'articleId' });

  User.belongsToMany(User, { as: 'following', through: Follow, foreignKey: 'followerId', otherKey: 'followeeId' });
  User.belongsToMany(User, { as: 'followers', through: Follow, foreignKey: 'followeeId', otherKey: 'followerId' });
}

function initModels(sequelize) {
  initUser(sequelize);
  initArticle(sequelize);
  initTag(sequelize);
  initComment(sequelize);
  initLinks(sequelize);
  associate();
}

module.exports = { Article, ArticleTag, Comment, Favorite, Follow, Tag, User, initModels };
