const express = require("express");
const service = require("./ArticleService");

const router = express.Router();
router.get("/articles/:slug", async (req, res) => {
  const article = await service.get(req.params.slug);
  return article ? res.json({ article }) : res.status(404).end();
});

module.exports = router;
