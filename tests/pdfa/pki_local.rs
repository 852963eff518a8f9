//! A stand-in for `support::pki` until it lands on main: a test CA, a signer (RSA
//! 2,048) and an agency (ECDSA P-256), as PKCS#12 files under the build's
//! temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const PASSWORD: &str = "mật khẩu 123";

pub struct Pki {
    dir: PathBuf,
}

impl Pki {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

fn p12(key_der: &[u8], chain: &[&[u8]], password: &str) -> Vec<u8> {
    use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKeyChain};
    let certs: Vec<Certificate> = chain
        .iter()
        .map(|c| Certificate::from_der(c).expect("certificate"))
        .collect();
    let mut store = KeyStore::new();
    store.add_entry(
        "key",
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(key_der, [1u8, 2, 3, 4], certs)),
    );
    store.writer(password).write().expect("p12")
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        use rcgen::KeyUsagePurpose as U;
        use rsa::pkcs8::EncodePrivateKey;
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("sheet-pki-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ca_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "vanban test CA");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![U::KeyCertSign, U::CrlSign];
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2040, 1, 1);
        let ca = params.self_signed(&ca_key).unwrap();
        std::fs::write(dir.join("ca.pem"), ca.pem()).unwrap();
        let rsa = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("rsa key");
        let der = rsa.to_pkcs8_der().expect("pkcs8");
        let signer_key = rcgen::KeyPair::try_from(der.as_bytes()).expect("rcgen rsa key");
        let agency_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        for (file, cn, key) in [
            ("signer", "Nguyễn Văn An", &signer_key),
            ("agency", "UBND quận Long Biên", &agency_key),
            ("agency-rsa", "UBND quận Long Biên", &signer_key),
        ] {
            let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
            params.distinguished_name = rcgen::DistinguishedName::new();
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, cn);
            params.key_usages = vec![U::DigitalSignature, U::ContentCommitment];
            params.is_ca = rcgen::IsCa::ExplicitNoCa;
            params.use_authority_key_identifier_extension = true;
            params.not_before = rcgen::date_time_ymd(2026, 1, 1);
            params.not_after = rcgen::date_time_ymd(2036, 1, 1);
            let cert = params.signed_by(key, &ca, &ca_key).expect("leaf");
            let bytes = p12(&key.serialize_der(), &[cert.der(), ca.der()], PASSWORD);
            std::fs::write(dir.join(format!("{file}.p12")), bytes).unwrap();
        }
        Pki { dir }
    })
}
