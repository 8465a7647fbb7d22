'use strict';
// Link tables: which tags an article carries, who favorited what, who follows whom.
// Each pair is the composite primary key, so a link exists at most once.
const { DataTypes, Model } = require('sequelize');

class ArticleTag extends Model {}
class Favorite extends Model {}
class Follow extends Model {}

function key(field) {
  return { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, field };
}

function initLinks(sequelize) {
  const options = { sequelize, underscored: true, timestamps: false };
  ArticleTag.init(
    { articleId: key('article_id'), tagId: key('tag_id') },
    { ...options, modelName: 'ArticleTag', tableName: 'article_tags', indexes: [{ fields: ['tag_id'] }] },
  );
  Favorite.init(
    { userId: key('user_id'), articleId: key('article_id') },
    { ...options, modelName: 'Favorite', tableName: 'favorites', indexes: [{ fields: ['article_id'] }] },
  );
  Follow.init(
    { followerId: key('follower_id'), followeeId: key('followee_id') },
    { ...options, modelName: 'Follow', tableName: 'follows', indexes: [{ fields: ['followee_id'] }] },
  );
  return { ArticleTag, Favorite, Follow };
}

module.exports = { ArticleTag, Favorite, Follow, initLinks };
