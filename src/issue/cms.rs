//! The CMS container of a PAdES baseline B-B signature (ETSI EN 319 142-1, 5.3;
//! ETSI EN 319 122-1 for the CAdES part): SignedData over nothing (detached), one
//! signer, SHA-256, and exactly the signed attributes B-B asks for: content-type,
//! message-digest and signing-certificate-v2. No signing-time attribute: PAdES puts
//! the claimed time in the signature dictionary's `/M`.

use super::keys::Credentials;
use super::IssueError;
use crate::messages::issue as m;
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
pub(crate) const ID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

fn failed(what: &str) -> IssueError {
    IssueError::Internal(m::cms_not_built(what))
}

/// A DER tag-length-value.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn attribute(oid: ObjectIdentifier, value_der: &[u8]) -> Result<Attribute, IssueError> {
    let value = Any::from_der(value_der).map_err(|_| failed("AttributeValue"))?;
    let values = SetOfVec::try_from(vec![value]).map_err(|_| failed("SET OF AttributeValue"))?;
    Ok(Attribute { oid, values })
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }` (RFC 5035),
/// with the default hash (SHA-256) left out and the issuer and serial given, so a
/// validator can tell the signing certificate from another with the same key.
fn signing_certificate_v2(cert: &Certificate, cert_der: &[u8]) -> Result<Vec<u8>, IssueError> {
    let hash = Sha256::digest(cert_der);
    let issuer = cert
        .tbs_certificate
        .issuer
        .to_der()
        .map_err(|_| failed("issuer"))?;
    let serial = cert
        .tbs_certificate
        .serial_number
        .to_der()
        .map_err(|_| failed("serialNumber"))?;
    // GeneralNames ::= SEQUENCE OF GeneralName; directoryName is [4], explicit
    // because Name is a CHOICE.
    let general_names = tlv(0x30, &tlv(0xA4, &issuer));
    let issuer_serial = tlv(0x30, &[general_names, serial].concat());
    let ess_cert_id = tlv(0x30, &[tlv(0x04, &hash), issuer_serial].concat());
    Ok(tlv(0x30, &tlv(0x30, &ess_cert_id)))
}

/// The signed attributes for a document whose byte ranges hash to `digest`, as
/// the DER of the SET the signature is computed over.
pub fn signed_attributes(creds: &Credentials, digest: &[u8]) -> Result<Vec<u8>, IssueError> {
    let content_type = ID_DATA.to_der().map_err(|_| failed("contentType"))?;
    let message_digest = OctetString::new(digest)
        .and_then(|o| o.to_der())
        .map_err(|_| failed("messageDigest"))?;
    let attrs = vec![
        attribute(ID_CONTENT_TYPE, &content_type)?,
        attribute(ID_MESSAGE_DIGEST, &message_digest)?,
        attribute(
            ID_SIGNING_CERTIFICATE_V2,
            &signing_certificate_v2(&creds.cert, &creds.chain_der[0])?,
        )?,
    ];
    SetOfVec::try_from(attrs)
        .and_then(|s| s.to_der())
        .map_err(|_| failed("signedAttrs"))
}

/// The whole CMS ContentInfo (DER) for `signed_attrs` (from [`signed_attributes`])
/// and the signature value over them.
pub fn assemble(
    creds: &Credentials,
    signed_attrs: &[u8],
    signature: &[u8],
) -> Result<Vec<u8>, IssueError> {
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let signature_algorithm = if creds.is_ecdsa() {
        AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        }
    } else {
        AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        }
    };
    let attrs = SetOfVec::<Attribute>::from_der(signed_attrs).map_err(|_| failed("signedAttrs"))?;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: creds.cert.tbs_certificate.issuer.clone(),
            serial_number: creds.cert.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(|_| failed("signature"))?,
        unsigned_attrs: None,
    };
    let mut certs = Vec::new();
    for der in &creds.chain_der {
        let c = Certificate::from_der(der).map_err(|_| failed("certificates"))?;
        certs.push(CertificateChoices::Certificate(c));
    }
    let signed = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256])
            .map_err(|_| failed("digestAlgorithms"))?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(certs).map_err(|_| failed("certificates"))?,
        )),
        crls: None,
        signer_infos: SignerInfos(
            SetOfVec::try_from(vec![signer]).map_err(|_| failed("SignerInfo"))?,
        ),
    };
    let content = Any::from_der(&signed.to_der().map_err(|_| failed("SignedData"))?)
        .map_err(|_| failed("SignedData"))?;
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content,
    }
    .to_der()
    .map_err(|_| failed("ContentInfo"))
}

/// Sign a document whose byte ranges hash to `digest`: the CMS, DER.
pub fn sign(creds: &Credentials, digest: &[u8]) -> Result<Vec<u8>, IssueError> {
    let attrs = signed_attributes(creds, digest)?;
    let key = creds
        .key
        .as_ref()
        .ok_or_else(|| IssueError::Internal(m::cms_no_private_key()))?;
    let signature = key.sign(&attrs);
    assemble(creds, &attrs, &signature)
}

/// The signature value of the (one) signer of the CMS `der`, and a function of
/// it: the CMS again with `token` (an RFC 3161 TimeStampToken over that value) as
/// the signer's unsigned attribute signature-time-stamp-token (RFC 3161,
/// appendix A), which makes a B-B signature B-T. The signed part is unchanged, so
/// the signature stays valid.
pub fn signature_value(der: &[u8]) -> Result<Vec<u8>, IssueError> {
    let (_, signer) = signed_data(der)?;
    Ok(signer.signature.as_bytes().to_vec())
}

/// See [`signature_value`].
pub fn with_timestamp_token(der: &[u8], token: &[u8]) -> Result<Vec<u8>, IssueError> {
    let bad = |part: &str| IssueError::Input(m::cms_no_timestamp(part));
    let (mut signed, mut signer) = signed_data(der)?;
    let value = Any::from_der(token).map_err(|_| bad(&m::cms_token_not_der()))?;
    let attr = Attribute {
        oid: ID_SIGNATURE_TIME_STAMP_TOKEN,
        values: SetOfVec::try_from(vec![value]).map_err(|_| bad("SET OF AttributeValue"))?,
    };
    let mut unsigned: Vec<Attribute> = signer
        .unsigned_attrs
        .take()
        .map(|a| a.into_vec())
        .unwrap_or_default();
    unsigned.retain(|a| a.oid != ID_SIGNATURE_TIME_STAMP_TOKEN);
    unsigned.push(attr);
    signer.unsigned_attrs = Some(SetOfVec::try_from(unsigned).map_err(|_| bad("unsignedAttrs"))?);
    signed.signer_infos =
        SignerInfos(SetOfVec::try_from(vec![signer]).map_err(|_| bad("SignerInfo"))?);
    let content = Any::from_der(&signed.to_der().map_err(|_| failed("SignedData"))?)
        .map_err(|_| failed("SignedData"))?;
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content,
    }
    .to_der()
    .map_err(|_| failed("ContentInfo"))
}

/// The SignedData of a CMS ContentInfo and its one signer.
fn signed_data(der: &[u8]) -> Result<(SignedData, SignerInfo), IssueError> {
    let bad = || IssueError::Input(m::cms_not_signed_data());
    let info = ContentInfo::from_der(der).map_err(|_| bad())?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(bad());
    }
    let signed: SignedData = info.content.decode_as().map_err(|_| bad())?;
    let signers = signed.signer_infos.0.as_slice();
    let [signer] = signers else {
        return Err(bad());
    };
    let signer = signer.clone();
    Ok((signed, signer))
}
