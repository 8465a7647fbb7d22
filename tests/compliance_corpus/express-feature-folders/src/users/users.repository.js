const { User } = require("./user.model");

async function findByName(username) {
  return User.findOne({ where: { username } });
}

module.exports = { findByName };
