'use strict';
// A registered account. `bio` and `image` stay null until the user sets them.
const { DataTypes, Model } = require('sequelize');

class User extends Model {}

function initUser(sequelize) {
  User.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      username: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      email: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false, field: 'password_hash' },
      bio: { type: DataTypes.TEXT, allowNull: true },
      image: { type: DataTypes.TEXT, allowNull: true },
    },
    { sequelize, modelName: 'User', tableName: 'users', underscored: true },
  );
  return User;
}

module.exports = { User, initUser };
