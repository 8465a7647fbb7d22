const express = require("express");
const service = require("./users.service");

const router = express.Router();
router.get("/profiles/:username", async (req, res) => {
  const found = await service.profile(req.params.username);
  if (!found) return res.status(404).json({ errors: { profile: ["not found"] } });
  return res.json({ profile: found });
});

module.exports = router;
