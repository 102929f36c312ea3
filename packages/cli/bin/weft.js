#!/usr/bin/env node
// The installed `weft` command. A committed stub rather than dist/bin.js
// itself, so that npm links it when the workspace is installed, before
// dist/ is built.
import "../dist/bin.js"
