"use client";

import { ErrorScreen } from "../components/error-screen";

/** A page that failed to render: the backend is down (say so) or a bug; never a stack trace. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorScreen error={error} retry={retry} />;
}
