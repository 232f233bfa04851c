"use client";

import { ErrorScreen } from "../components/error-screen";
import "./globals.css";

/** The root layout itself failed: the same screen, in a document of its own. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="container main">
          <ErrorScreen error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
