"use client";

import { ErrorScreen } from "../components/error-screen";

/** A page that failed to render (a bug, or a failure no page foresaw): never a stack trace. */
export default function PageError({ retry }: { error: unknown; retry: () => void }) {
  return <ErrorScreen retry={retry} />;
}
