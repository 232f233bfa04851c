import { Router } from "express";

export function currentUserRouter(): Router {
  return Router().get("/api/users/currentuser", (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });
}
