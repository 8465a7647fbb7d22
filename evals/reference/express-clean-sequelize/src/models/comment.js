'use strict';
// A comment on an article, by one user.
const { DataTypes, Model } = require('sequelize');

class Comment extends Model {}

function initComment(sequelize) {
  Comment.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      body: { type: DataTypes.TEXT, allowNull: false },
      articleId: { type: DataTypes.INTEGER, allowNull: false, field: 'article_id' },
      authorId: { type: DataTypes.INTEGER, allowNull: false, field: 'author_id' },
    },
    {
      sequelize,
      modelName: 'Comment',
      tableName: 'comments',
      underscored: true,
      indexes: [{ fields: ['article_id'] }],
    },
  );
  return Comment;
}

module.exports = { Comment, initComment };
