import { createRequire as __myfavCreateRequire } from 'node:module';
import { fileURLToPath as __myfavFileURLToPath } from 'node:url';
import { basename as __myfavBasename, dirname as __myfavDirname, join as __myfavJoin } from 'node:path';
const require = __myfavCreateRequire(import.meta.url);
const __myfavHere = __myfavDirname(__myfavFileURLToPath(import.meta.url));
const __myfavDist = __myfavBasename(__myfavHere) === 'chunks' ? __myfavDirname(__myfavHere) : __myfavHere;
const __myfavPlaywrightLib = __myfavJoin(__myfavDist, 'playwright-core', 'lib');
import{__commonJS,__require}from"./chunk-WP6XYXJ5.js";var require_safe_buffer=__commonJS({"node_modules/safe-buffer/index.js"(exports,module){var buffer=__require("buffer");var Buffer=buffer.Buffer;function copyProps(src,dst){for(var key in src){dst[key]=src[key]}}if(Buffer.from&&Buffer.alloc&&Buffer.allocUnsafe&&Buffer.allocUnsafeSlow){module.exports=buffer}else{copyProps(buffer,exports);exports.Buffer=SafeBuffer}function SafeBuffer(arg,encodingOrOffset,length){return Buffer(arg,encodingOrOffset,length)}SafeBuffer.prototype=Object.create(Buffer.prototype);copyProps(Buffer,SafeBuffer);SafeBuffer.from=function(arg,encodingOrOffset,length){if(typeof arg==="number"){throw new TypeError("Argument must not be a number")}return Buffer(arg,encodingOrOffset,length)};SafeBuffer.alloc=function(size,fill,encoding){if(typeof size!=="number"){throw new TypeError("Argument must be a number")}var buf=Buffer(size);if(fill!==void 0){if(typeof encoding==="string"){buf.fill(fill,encoding)}else{buf.fill(fill)}}else{buf.fill(0)}return buf};SafeBuffer.allocUnsafe=function(size){if(typeof size!=="number"){throw new TypeError("Argument must be a number")}return Buffer(size)};SafeBuffer.allocUnsafeSlow=function(size){if(typeof size!=="number"){throw new TypeError("Argument must be a number")}return buffer.SlowBuffer(size)}}});export{require_safe_buffer};
/*! Bundled license information:

safe-buffer/index.js:
  (*! safe-buffer. MIT License. Feross Aboukhadijeh <https://feross.org/opensource> *)
*/
