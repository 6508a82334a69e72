#!/usr/bin/env node
// The installed command runs the committed bundle (dist/cli.js), the same build the action ships.
await import('../dist/cli.js');
