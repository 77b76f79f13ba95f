/** The least a Bolt app can do with a button click: acknowledge it. */
import { listen, minimalBoltApp } from "./bolt.js";

const app = minimalBoltApp();
app.action(/^v1:/, async ({ ack }) => {
  await ack();
});
await listen(app);
