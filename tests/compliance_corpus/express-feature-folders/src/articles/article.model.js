const { DataTypes, Model } = require("sequelize");
const { sequelize } = require("../db");

class Article extends Model {}
Article.init({ slug: { type: DataTypes.STRING, unique: true } }, { sequelize, tableName: "articles" });

module.exports = { Article };
