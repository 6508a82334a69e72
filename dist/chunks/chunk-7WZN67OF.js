import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import*as child_process from"node:child_process";import*as crypto from"node:crypto";import*as fs from"node:fs";import*as os from"node:os";import*as path from"node:path";import*as stream from"node:stream";import*as util from"node:util";export{child_process,crypto,fs,os,path,stream,util};
