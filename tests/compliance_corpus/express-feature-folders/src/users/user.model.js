const { DataTypes, Model } = require("sequelize");
const { sequelize } = require("../db");

class User extends Model {}
User.init({ username: { type: DataTypes.STRING, unique: true } }, { sequelize, tableName: "users" });

module.exports = { User };
