import { body } from "express-validator";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const validEmail = body("email")
  .isString()
  .withMessage("Email must be valid")
  .bail()
  .trim()
  .isEmail()
  .withMessage("Email must be valid")
  .bail()
  .isLength({ max: 254 })
  .withMessage("Email must be valid");

export const newPassword = body("password")
  .isString()
  .withMessage(`Password must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters`)
  .bail()
  .isLength({ min: PASSWORD_MIN, max: PASSWORD_MAX })
  .withMessage(`Password must be between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters`);

export const suppliedPassword = body("password")
  .isString()
  .withMessage("You must supply a password")
  .bail()
  .notEmpty()
  .withMessage("You must supply a password");
