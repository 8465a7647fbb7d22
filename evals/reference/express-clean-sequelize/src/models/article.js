'use strict';
// An article; `slug` is its public identifier, derived from the title.
const { DataTypes, Model } = require('sequelize');

class Article extends Model {}

function initArticle(sequelize) {
  Article.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      slug: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      title: { type: DataTypes.STRING(255), allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      body: { type: DataTypes.TEXT, allowNull: false },
      authorId: { type: DataTypes.INTEGER, allowNull: false, field: 'author_id' },
    },
    {
      sequelize,
      modelName: 'Article',
      tableName: 'articles',
      underscored: true,
      indexes: [{ fields: ['author_id'] }, { fields: ['created_at'] }],
    },
  );
  return Article;
}

module.exports = { Article, initArticle };
