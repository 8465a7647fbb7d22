const repository = require("./users.repository");

async function profile(username) {
  const user = await repository.findByName(username);
  return user ? { username: user.username, following: false } : null;
}

module.exports = { profile };
