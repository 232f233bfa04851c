import type { RequestHandler } from "express";
import { validationResult } from "express-validator";
import { ValidationError } from "../errors/index.js";

/** Turns express-validator's findings into one 400 listing each bad field once. */
export const validateRequest: RequestHandler = (req, _res, next) => {
  const result = validationResult(req);
  if (!result.isEmpty()) {
    throw new ValidationError(
      result
        .array({ onlyFirstError: true })
        .map((error) =>
          error.type === "field"
            ? { message: String(error.msg), field: error.path }
            : { message: String(error.msg) },
        ),
    );
  }
  next();
};
