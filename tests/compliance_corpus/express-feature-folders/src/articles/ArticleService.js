const repository = require("./ArticleRepository");

module.exports = { get: async (slug) => repository.bySlug(slug) };
