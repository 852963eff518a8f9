//! The signer's key and certificate, from a PKCS#12 file, checked before anything
//! is signed: a refusal here writes nothing.

use super::time::SigningTime;
use super::IssueError;
use crate::messages::issue as m;
use der::{Decode, Encode};
use x509_cert::Certificate;

/// A private key of a kind PAdES baseline signatures use.
pub enum PrivateKey {
    /// RSA, 2,048 bits or more, signing with PKCS#1 v1.5 and SHA-256.
    Rsa(Box<rsa::RsaPrivateKey>),
    /// ECDSA on P-256 with SHA-256.
    P256(p256::ecdsa::SigningKey),
}

/// A key, its certificate and the certificates above it. Without the key (deferred
/// signing: a token or a remote service holds it), the certificate alone.
pub struct Credentials {
    /// The private key (None when signing is deferred to a token or a remote service).
    pub key: Option<PrivateKey>,
    /// The signer's certificate.
    pub cert: Certificate,
    /// The chain from the PKCS#12 file, signer's certificate first, DER.
    pub chain_der: Vec<Vec<u8>>,
}

/// Smallest RSA modulus accepted (ETSI TS 119 312 and the Vietnamese CAs: 2,048).
const MIN_RSA_BITS: usize = 2048;

impl Credentials {
    /// Read a PKCS#12 file; `path` names it in messages.
    pub fn from_pkcs12(bytes: &[u8], password: &str, path: &str) -> Result<Self, IssueError> {
        let bad = |problem: String| IssueError::Key(m::key_in_file(path, problem));
        let store = p12_keystore::KeyStore::from_pkcs12(bytes, password).map_err(|e| {
            use p12_keystore::error::Error as E;
            match e {
                E::MacError(_) => bad(m::key_wrong_password_mac()),
                E::UnpadError | E::Pkcs5Error(_) => bad(m::key_wrong_password_decrypt()),
                E::UnsupportedEncryptionScheme | E::UnsupportedMacAlgorithm => {
                    bad(m::key_unsupported_scheme())
                }
                _ => bad(m::key_not_pkcs12()),
            }
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| bad(m::key_no_private_key()))?;
        let chain_der: Vec<Vec<u8>> = chain.chain().iter().map(|c| c.as_der().to_vec()).collect();
        let first = chain_der
            .first()
            .ok_or_else(|| bad(m::key_no_certificate_for_key()))?;
        let cert =
            Certificate::from_der(first).map_err(|_| bad(m::key_certificate_unreadable()))?;
        let key = private_key(chain.key()).map_err(bad)?;
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|_| bad(m::key_public_key_unreadable()))?;
        if public_key_der(&key).map_err(bad)? != spki {
            return Err(bad(m::key_not_the_certificates()));
        }
        Ok(Credentials {
            key: Some(key),
            cert,
            chain_der,
        })
    }

    /// The certificate (and the chain after it) of a key held elsewhere: PEM or DER
    /// certificates one after another.
    pub fn from_certificates(bytes: &[u8], path: &str) -> Result<Self, IssueError> {
        let bad = |problem: String| IssueError::Key(m::key_in_file(path, problem));
        let mut chain_der = Vec::new();
        if bytes.starts_with(b"-----BEGIN") {
            let text = std::str::from_utf8(bytes).map_err(|_| bad(m::cert_not_pem()))?;
            for block in text.split("-----BEGIN CERTIFICATE-----").skip(1) {
                let body = block
                    .split("-----END CERTIFICATE-----")
                    .next()
                    .unwrap_or_default();
                let b64: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                use base64::Engine;
                let der = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .map_err(|_| bad(m::cert_pem_damaged()))?;
                chain_der.push(der);
            }
        } else {
            chain_der.push(bytes.to_vec());
        }
        let first = chain_der.first().ok_or_else(|| bad(m::cert_none()))?;
        let cert = Certificate::from_der(first).map_err(|_| bad(m::cert_not_certificate()))?;
        for der in &chain_der[1..] {
            Certificate::from_der(der).map_err(|_| bad(m::cert_chain_unreadable()))?;
        }
        Ok(Credentials {
            key: None,
            cert,
            chain_der,
        })
    }

    /// Whether the certificate's key is an elliptic-curve (ECDSA) key.
    pub fn is_ecdsa(&self) -> bool {
        self.cert
            .tbs_certificate
            .subject_public_key_info
            .algorithm
            .oid
            == const_oid::ObjectIdentifier::new_unwrap("1.2.840.10045.2.1")
    }

    /// Check that `signature` is the certificate's key's signature of `message`
    /// (SHA-256; RSA PKCS#1 v1.5, or ECDSA in DER as `openssl pkeyutl` writes it).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), String> {
        use signature::Verifier;
        let spki = self
            .cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|_| m::key_public_key_unreadable())?;
        let wrong = || m::signature_does_not_verify();
        if self.is_ecdsa() {
            use p256::pkcs8::DecodePublicKey;
            let key = p256::ecdsa::VerifyingKey::from_public_key_der(&spki)
                .map_err(|_| m::key_not_p256())?;
            let sig =
                p256::ecdsa::DerSignature::from_bytes(signature).map_err(|_| m::ecdsa_not_der())?;
            key.verify(message, &sig).map_err(|_| wrong())
        } else {
            use rsa::pkcs8::DecodePublicKey;
            let key = rsa::RsaPublicKey::from_public_key_der(&spki)
                .map_err(|_| m::key_neither_rsa_nor_p256())?;
            let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
            let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| wrong())?;
            verifier.verify(message, &sig).map_err(|_| wrong())
        }
    }

    /// The certificate holder's common name, for messages and the signature's `/Name`.
    pub fn common_name(&self) -> String {
        common_name(&self.cert).unwrap_or_else(|| self.cert.tbs_certificate.subject.to_string())
    }

    /// Refuse a certificate that cannot sign at `time`: outside its validity, or
    /// whose key usage leaves out digital signatures.
    pub fn check_usable(&self, time: SigningTime, path: &str) -> Result<(), IssueError> {
        let bad = |problem: String| IssueError::Key(m::key_in_file(path, problem));
        let validity = &self.cert.tbs_certificate.validity;
        let from = validity.not_before.to_unix_duration().as_secs() as i64;
        let until = validity.not_after.to_unix_duration().as_secs() as i64;
        if time.0 < from {
            return Err(bad(m::cert_not_yet_valid(
                self.common_name(),
                time.iso(),
                SigningTime(from).iso(),
            )));
        }
        if time.0 > until {
            return Err(bad(m::cert_expired(
                self.common_name(),
                SigningTime(until).iso(),
                time.iso(),
            )));
        }
        use x509_cert::ext::pkix::KeyUsage;
        for ext in self.cert.tbs_certificate.extensions.iter().flatten() {
            if ext.extn_id == const_oid::db::rfc5280::ID_CE_KEY_USAGE {
                let usage = KeyUsage::from_der(ext.extn_value.as_bytes())
                    .map_err(|_| bad(m::cert_key_usage_unreadable()))?;
                if !usage.digital_signature() {
                    return Err(bad(m::cert_no_digital_signature(self.common_name())));
                }
            }
        }
        Ok(())
    }
}

fn common_name(cert: &Certificate) -> Option<String> {
    for rdn in cert.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value) {
                    return Some(s.as_str().to_string());
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(&atv.value) {
                    return Some(s.as_str().to_string());
                }
            }
        }
    }
    None
}

fn private_key(pkcs8: &[u8]) -> Result<PrivateKey, String> {
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;
    if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(pkcs8) {
        let bits = k.n().bits();
        if bits < MIN_RSA_BITS {
            return Err(m::rsa_too_short(bits, MIN_RSA_BITS));
        }
        return Ok(PrivateKey::Rsa(Box::new(k)));
    }
    if let Ok(k) = p256::SecretKey::from_pkcs8_der(pkcs8) {
        return Ok(PrivateKey::P256(k.into()));
    }
    Err(m::key_kind_unsupported())
}

fn public_key_der(key: &PrivateKey) -> Result<Vec<u8>, String> {
    use rsa::pkcs8::EncodePublicKey;
    let doc = match key {
        PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der(),
        PrivateKey::P256(k) => k.verifying_key().to_public_key_der(),
    };
    doc.map(|d| d.as_bytes().to_vec())
        .map_err(|_| m::public_key_unencodable())
}

impl PrivateKey {
    /// Sign `message` (the DER of the signed attributes) with SHA-256; ECDSA
    /// signatures are DER, as CMS carries them. Both are deterministic (PKCS#1 v1.5;
    /// RFC 6979 nonces), so the same input gives the same bytes.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        use signature::{SignatureEncoding, Signer};
        match self {
            PrivateKey::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**k).clone());
                signer.sign(message).to_vec()
            }
            PrivateKey::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(message);
                sig.to_der().to_vec()
            }
        }
    }

    /// Whether this is an ECDSA key (the CMS names the algorithm).
    pub fn is_ecdsa(&self) -> bool {
        matches!(self, PrivateKey::P256(_))
    }
}
