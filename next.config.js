/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers and file writers run in Node.js only; PGlite ships its own WASM files.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "archiver", "bcryptjs"],
  poweredByHeader: false,
  // `forbidden()` lets a page answer 403 from its own access check, not only middleware.
  experimental: {
    authInterrupts: true,
    // The stylesheets go into the HTML: the first rows paint without waiting for a CSS request
    // (Payment Balancing's first row p50 221 -> 141 ms, p95 438 -> 280 ms; BENCHMARKS.md, tenth round).
    inlineCss: true,
    // Middleware buffers request bodies up to this size; an ERA file may be 50 MB (lib/http/body-limit.ts).
    middlewareClientMaxBodySize: "50mb",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // No other site may frame the app: a framed Admin › Users page could be clicked into granting a role.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Report URLs carry their filters; another site a user follows a link to gets only our origin.
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
