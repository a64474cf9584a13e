import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import * as asn from "@peculiar/asn1-x509";
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import { promises as fs } from "node:fs";
import { isIP } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

// ECDSA P-256 keys from Node's crypto (milliseconds to make) and certificates encoded with @peculiar/asn1-x509.
const ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
const CA_BUNDLE = "ca-bundle.pem"; // key + certificate: the single file whose creation is atomic
const CA_FILE = "ca.pem"; // certificate only: what NODE_EXTRA_CA_CERTS points at

export interface CertificateAuthority {
  caFile: string;
  dir: string;
  certPem: string;
  key: KeyObject;
  subject: asn.Name;
  keyId: ArrayBuffer;
}

export function defaultCaDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(cache, "pulumi-ovh-sms", "emulator-ca");
}

/**
 * Returns the CA kept in `dir`, creating it on first use. It must stay the same across runs because Node reads
 * NODE_EXTRA_CA_CERTS only when a process starts. Safe when several processes race: the bundle is written to a
 * temporary file and hard-linked into place, which fails if another process got there first; everyone then
 * uses the winner's bundle.
 */
export async function ensureCertificateAuthority(dir?: string): Promise<{ caFile: string; dir: string }> {
  const ca = await loadOrCreateCa(dir ?? defaultCaDir());
  return { caFile: ca.caFile, dir: ca.dir };
}

export async function loadOrCreateCa(dir: string): Promise<CertificateAuthority> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const bundlePath = join(dir, CA_BUNDLE);
  let bundle = await readIfExists(bundlePath);
  if (bundle === null) {
    const tmp = `${bundlePath}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.writeFile(tmp, createCaBundle(), { mode: 0o600 });
    try {
      await fs.link(tmp, bundlePath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      await fs.rm(tmp, { force: true });
    }
    bundle = await fs.readFile(bundlePath, "utf8");
  }
  const ca = parseBundle(bundle, dir);
  // Every process derives ca.pem from the same bundle, so concurrent rewrites converge on identical content.
  if ((await readIfExists(ca.caFile)) !== ca.certPem) await writeAtomic(ca.caFile, ca.certPem);
  return ca;
}

/** A server certificate for this start, valid for 127.0.0.1, ::1, localhost and the given host. */
export function issueServerCertificate(
  ca: CertificateAuthority,
  host: string,
): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const names = [
    new asn.GeneralName({ iPAddress: "127.0.0.1" }),
    new asn.GeneralName({ iPAddress: "::1" }),
    new asn.GeneralName({ dNSName: "localhost" }),
  ];
  if (!["127.0.0.1", "::1", "localhost", "0.0.0.0", "::"].includes(host)) {
    // isIP, not a character test: IPv6 addresses have hex letters ("fd00::beef") yet are no DNS names.
    names.push(new asn.GeneralName(isIP(host) !== 0 ? { iPAddress: host } : { dNSName: host }));
  }
  const spki = publicKey.export({ type: "spki", format: "der" });
  const der = buildCertificate({
    subject: makeName("pulumi-ovh-sms emulator"),
    issuer: ca.subject,
    spki,
    signer: ca.key,
    days: 30,
    extensions: [
      ext(asn.id_ce_basicConstraints, new asn.BasicConstraints({ cA: false }), true),
      ext(asn.id_ce_keyUsage, new asn.KeyUsage(asn.KeyUsageFlags.digitalSignature), true),
      ext(asn.id_ce_extKeyUsage, new asn.ExtendedKeyUsage([asn.id_kp_serverAuth])),
      ext(asn.id_ce_subjectAltName, new asn.SubjectAlternativeName(names)),
      ext(
        asn.id_ce_authorityKeyIdentifier,
        new asn.AuthorityKeyIdentifier({ keyIdentifier: new asn.KeyIdentifier(ca.keyId) }),
      ),
    ],
  });
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert: toPem(der) };
}

function createCaBundle(): string {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const spki = publicKey.export({ type: "spki", format: "der" });
  const subject = makeName(`pulumi-ovh-sms emulator CA ${randomBytes(4).toString("hex")}`);
  const der = buildCertificate({
    subject,
    issuer: subject,
    spki,
    signer: privateKey,
    days: 3650,
    extensions: [
      ext(asn.id_ce_basicConstraints, new asn.BasicConstraints({ cA: true, pathLenConstraint: 0 }), true),
      ext(
        asn.id_ce_keyUsage,
        new asn.KeyUsage(asn.KeyUsageFlags.keyCertSign | asn.KeyUsageFlags.cRLSign),
        true,
      ),
      ext(asn.id_ce_subjectKeyIdentifier, new asn.SubjectKeyIdentifier(keyIdOf(spki))),
    ],
  });
  return privateKey.export({ type: "pkcs8", format: "pem" }).toString() + toPem(der);
}

function parseBundle(bundle: string, dir: string): CertificateAuthority {
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(bundle)?.[0];
  if (!certPem)
    throw new Error(`The emulator CA bundle in ${dir} is damaged: delete that directory to recreate it`);
  const cert = AsnConvert.parse(
    Buffer.from(certPem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64"),
    asn.Certificate,
  );
  const spki = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo));
  return {
    caFile: join(dir, CA_FILE),
    dir,
    certPem,
    key: createPrivateKey(bundle),
    subject: cert.tbsCertificate.subject,
    keyId: keyIdOf(spki),
  };
}

interface CertificateParams {
  subject: asn.Name;
  issuer: asn.Name;
  spki: Buffer;
  signer: KeyObject;
  days: number;
  extensions: asn.Extension[];
}

function buildCertificate(p: CertificateParams): Buffer {
  const algorithm = new asn.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const serial = randomBytes(16);
  // Positive and without a leading zero byte: DER needs a minimal INTEGER, OpenSSL rejects "padding" otherwise.
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const now = Date.now();
  const tbs = new asn.TBSCertificate({
    version: asn.Version.v3,
    serialNumber: new Uint8Array(serial).buffer,
    signature: algorithm,
    issuer: p.issuer,
    validity: new asn.Validity({
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + p.days * 86400_000),
    }),
    subject: p.subject,
    subjectPublicKeyInfo: AsnConvert.parse(p.spki, asn.SubjectPublicKeyInfo),
    extensions: new asn.Extensions(p.extensions),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  // Node signs ECDSA in DER form, which is exactly the X.509 signatureValue encoding.
  const signature = sign("sha256", tbsDer, p.signer);
  const cert = new asn.Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnConvert.serialize(cert));
}

function ext(id: string, value: unknown, critical = false): asn.Extension {
  return new asn.Extension({ extnID: id, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

function makeName(commonName: string): asn.Name {
  const attr = (type: string, value: string): asn.RelativeDistinguishedName =>
    new asn.RelativeDistinguishedName([
      new asn.AttributeTypeAndValue({ type, value: new asn.AttributeValue({ utf8String: value }) }),
    ]);
  return new asn.Name([attr("2.5.4.10", "pulumi-ovh-sms"), attr("2.5.4.3", commonName)]);
}

function keyIdOf(spki: Buffer): ArrayBuffer {
  return new Uint8Array(createHash("sha1").update(spki).digest()).buffer;
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await fs.readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

export async function writeAtomic(path: string, content: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  await fs.writeFile(tmp, content, { mode });
  await fs.rename(tmp, path);
}
