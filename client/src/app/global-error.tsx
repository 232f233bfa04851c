"use client";

import { ErrorScreen } from "../components/error-screen";
import "./globals.css";

/** The root layout itself failed: the same screen, in a document of its own. */
export default function GlobalError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="container main">
          <ErrorScreen retry={retry} />
        </main>
      </body>
    </html>
  );
}
