import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import{child_process,crypto,fs,os,path,stream,util}from"./chunk-7WZN67OF.js";import"./chunk-WP6XYXJ5.js";export{child_process,crypto,fs,os,path,stream,util};
