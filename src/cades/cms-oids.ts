/**
 * The object identifiers of the CMS structures this project reads and writes: SignedData and its
 * content types (RFC 5652 §4, §5), the signed attributes (RFC 5652 §11; ESS signing-certificate
 * RFC 2634 §5.4 and v2 RFC 5035 §3), RFC 3161 TSTInfo, and the X.509 extensions the verifiers
 * look at. One table for the validators (CAdES/PAdES, time-stamp tokens), the report signer and
 * the reference RSSP's builders, so that a typo in one of them cannot make two sides agree.
 */
export const CMS_OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  tstInfo: "1.2.840.113549.1.9.16.1.4",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  extKeyUsage: "2.5.29.37",
  subjectKeyIdentifier: "2.5.29.14",
  timeStamping: "1.3.6.1.5.5.7.3.8",
} as const;

/** node:crypto's names of the digest algorithms (NIST SHA-2, RFC 5754; SHA-1 so that a validator can name it). */
export const DIGEST_NODE_NAME: Readonly<Record<string, "sha1" | "sha256" | "sha384" | "sha512">> = {
  "1.3.14.3.2.26": "sha1",
  [CMS_OID.sha256]: "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};
