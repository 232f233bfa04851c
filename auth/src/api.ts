// What other packages may know of auth: the user its routes answer with, and the password hash
// the benchmark times as the floor under sign-up and sign-in.
export { hashPassword } from "./domain/password.js";
export type { User } from "./domain/users.js";
