/**
 * Reading a diff's changed lines: the head-side line numbers of added and modified lines, written
 * out by hand from the diffs below.
 */
import { describe, expect, it } from 'vitest';
import { changedLinesFromDiff } from '../../../src/simulation/coverage/changed-lines.js';

const DIFF = `diff --git a/src/cart.js b/src/cart.js
index 1111111..2222222 100644
--- a/src/cart.js
+++ b/src/cart.js
@@ -3,5 +3,6 @@ function total(items) {
   let sum = 0;
-  for (const item of items) sum += item.price;
+  for (const item of items) sum += item.price * item.quantity;
+  // Shipping is added at checkout.
   return sum;
 }
 
@@ -20,2 +21,3 @@ export function empty(cart) {
   cart.items = [];
+++counter;
 }
diff --git a/docs/old.md b/docs/old.md
deleted file mode 100644
--- a/docs/old.md
+++ /dev/null
@@ -1,2 +0,0 @@
-# Old
-gone
diff --git a/src/new.js b/src/new.js
new file mode 100644
--- /dev/null
+++ b/src/new.js
@@ -0,0 +1,2 @@
+export const a = 1;
+export const b = 2;
`;

describe('changedLinesFromDiff', () => {
  it('gives the head line of every added or modified line, per file', () => {
    expect(Object.fromEntries(changedLinesFromDiff(DIFF))).toEqual({
      // The modified loop (4), the added comment (5); in the second hunk, "++counter;" (22),
      // which is an added line even though it starts with "+++".
      'src/cart.js': [4, 5, 22],
      'src/new.js': [1, 2],
    });
  });

  it('leaves out files with only removed lines', () => {
    const removal = `diff --git a/a.js b/a.js
--- a/a.js
+++ b/a.js
@@ -1,3 +1,2 @@
 one();
-two();
 three();
`;
    expect(changedLinesFromDiff(removal).size).toBe(0);
  });
});
