const express = require("express");
const usersController = require("./users/users.controller");
const articlesController = require("./articles/articles.controller");

const app = express();
app.use(express.json());
app.get("/api/health-check", (req, res) => res.json({ status: "ok" }));
app.use("/api", usersController);
app.use("/api", articlesController);
app.listen(Number(process.env.PORT || 3000), "0.0.0.0");
