#!/usr/bin/env bash
# Seeds the demo practice (once) and serves the production build at http://localhost:3000.
# Without DATABASE_URL the data lives in the embedded database under .data/pglite.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run db:seed -- --if-empty
npm run build
npm start
