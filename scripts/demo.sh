#!/usr/bin/env bash
# Seeds the demo practice (once) and serves the production build at http://localhost:3000.
# Without DATABASE_URL the data lives in the embedded database under .data/pglite. The first seed
# also writes the demo's unposted ERA remittances to .data/era-files, for upload at /payments/era.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run db:seed -- --if-empty --era-files .data/era-files
npm run build
npm start
