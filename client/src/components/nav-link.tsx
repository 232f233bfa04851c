"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A header link that says when it is the page being shown (`aria-current="page"`). */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href;
  return (
    <Link href={href} prefetch={false} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}
