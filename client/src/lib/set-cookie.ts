/**
 * A `Set-Cookie` header from the API, read into the name, value and attributes that Next's
 * `cookies().set()` takes, so the storefront hands the visitor the very cookie auth issued.
 */

export interface RelayedCookie {
  name: string;
  value: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "lax" | "strict" | "none" | undefined;
  path: string;
  maxAge?: number;
  expires?: Date;
}

/** Null for a header that is not a cookie. */
export function parseSetCookie(header: string): RelayedCookie | null {
  const [pair = "", ...attributes] = header.split(";");
  const equals = pair.indexOf("=");
  if (equals <= 0) return null;
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return null;

  const cookie: RelayedCookie = {
    name,
    value: decodeValue(value),
    httpOnly: false,
    secure: false,
    sameSite: undefined,
    path: "/",
  };
  for (const attribute of attributes) {
    const [rawKey = "", ...rest] = attribute.split("=");
    const key = rawKey.trim().toLowerCase();
    const argument = rest.join("=").trim();
    switch (key) {
      case "httponly":
        cookie.httpOnly = true;
        break;
      case "secure":
        cookie.secure = true;
        break;
      case "path":
        if (argument.startsWith("/")) cookie.path = argument;
        break;
      case "max-age":
        if (/^-?\d+$/.test(argument)) cookie.maxAge = Number(argument);
        break;
      case "expires": {
        const date = new Date(argument);
        if (!Number.isNaN(date.getTime())) cookie.expires = date;
        break;
      }
      case "samesite": {
        const sameSite = argument.toLowerCase();
        if (sameSite === "lax" || sameSite === "strict" || sameSite === "none") {
          cookie.sameSite = sameSite;
        }
        break;
      }
      // Domain names the API's host, not the storefront's: the visitor's cookie is host-only.
    }
  }
  return cookie;
}

function decodeValue(value: string): string {
  const unquoted = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
  try {
    return decodeURIComponent(unquoted);
  } catch {
    return unquoted;
  }
}
