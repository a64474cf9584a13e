import { loadOrCreateCa, issueServerCertificate } from "../tls";
import https from "node:https";
import { readFileSync } from "node:fs";
async function main() {
  let t = Date.now();
  const ca = await loadOrCreateCa("/tmp/ca-test-1");
  console.log("ca ms", Date.now() - t); t = Date.now();
  const leaf = issueServerCertificate(ca, "127.0.0.1");
  console.log("leaf ms", Date.now() - t);
  const srv = https.createServer({ key: leaf.key, cert: leaf.cert }, (q, r) => r.end("ok"));
  await new Promise<void>((res) => srv.listen(0, "127.0.0.1", () => res()));
  const port = (srv.address() as any).port;
  for (const host of ["127.0.0.1", "localhost"]) {
    await new Promise<void>((res, rej) => https.get({ host, port, ca: readFileSync(ca.caFile) }, (r) => { r.resume(); console.log(host, r.statusCode); res(); }).on("error", rej));
  }
  srv.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
