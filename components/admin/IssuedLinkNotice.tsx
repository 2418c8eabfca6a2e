"use client";

import { useState } from "react";

export interface IssuedLinkView {
  email: string;
  path: string;
  expiresAt: string;
}

/**
 * The one-time link as the admin passes it on (there is no mail server): the whole URL on
 * this site's origin, selectable and copyable, and when it stops working.
 */
export function IssuedLinkNotice({ message, link }: { message: string; link: IssuedLinkView }) {
  const [copied, setCopied] = useState(false);
  const url = new URL(link.path, window.location.origin).href;
  const expires = new Date(link.expiresAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });
  return (
    <div role="status" className="issued-link">
      <p>{message}</p>
      <input aria-label={`Set-password link for ${link.email}`} readOnly value={url} onFocus={(e) => e.target.select()} size={60} />
      <button
        type="button"
        onClick={async () => {
          // The clipboard needs a secure origin (https or localhost); elsewhere the field stays to copy by hand.
          if (!navigator.clipboard) return;
          await navigator.clipboard.writeText(url);
          setCopied(true);
        }}
      >
        {copied ? "Copied" : "Copy link"}
      </button>
      <p className="muted">
        It works once, until {expires}. Send it to {link.email} only; anyone holding it can set the password.
      </p>
    </div>
  );
}
