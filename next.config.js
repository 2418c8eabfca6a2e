/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers and file writers run in Node.js only; PGlite ships its own WASM files.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "archiver", "bcryptjs"],
  poweredByHeader: false,
  // `forbidden()` lets a page answer 403 from its own access check, not only middleware.
  experimental: { authInterrupts: true },
};

module.exports = nextConfig;
