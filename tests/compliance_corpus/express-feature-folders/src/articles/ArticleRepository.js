const { Article } = require("./article.model");

module.exports = { bySlug: (slug) => Article.findOne({ where: { slug } }) };
