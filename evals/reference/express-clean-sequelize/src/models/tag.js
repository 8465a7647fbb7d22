'use strict';
// A tag name, shared by every article that carries it.
const { DataTypes, Model } = require('sequelize');

class Tag extends Model {}

function initTag(sequelize) {
  Tag.init(
    {
      id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
      name: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    },
    { sequelize, modelName: 'Tag', tableName: 'tags', underscored: true, timestamps: false },
  );
  return Tag;
}

module.exports = { Tag, initTag };
