//! The profiles a renderer knows: the built-in ones and those loaded from files.
//!
//! A notice's `"profile": "name"` names one of them. A loaded profile whose `id` is a
//! built-in's replaces that built-in (as a template in `--templates DIR` replaces the
//! built-in of its name), so a corrected standard can be tried without a new
//! release; two loaded files giving the same `id` are an error, since one of them
//! would be silently ignored.

use super::Profile;
use crate::input::notice::Notice;
use std::collections::BTreeMap;
use std::path::Path;

/// Largest profile file read: the built-ins are 5 KB.
const MAX_PROFILE_BYTES: u64 = 1 << 20;

/// Profiles by id.
#[derive(Debug, Clone)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    /// Loaded profiles' ids and the files they came from.
    origins: BTreeMap<String, String>,
}

impl Default for ProfileSet {
    fn default() -> Self {
        ProfileSet::builtin()
    }
}

impl ProfileSet {
    /// The built-in profiles (nd30, hd36).
    pub fn builtin() -> ProfileSet {
        ProfileSet {
            profiles: Profile::builtin_ids()
                .map(|id| (id.to_string(), Profile::builtin(id).expect("built-in")))
                .collect(),
            origins: BTreeMap::new(),
        }
    }

    /// Load the profile in the TOML file `path`, or every `*.toml` file of the folder
    /// `path` (in name order). Errors name the file and, from the TOML parser, the
    /// line and key.
    pub fn load(&mut self, path: &Path) -> Result<(), String> {
        if path.is_dir() {
            let mut files = Vec::new();
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("profile folder {}: cannot read: {e}", path.display()))?;
            for entry in entries {
                let entry = entry
                    .map_err(|e| format!("profile folder {}: cannot read: {e}", path.display()))?;
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            if files.is_empty() {
                return Err(format!(
                    "profile folder {}: holds no .toml file",
                    path.display()
                ));
            }
            files.sort();
            for f in files {
                self.load_file(&f)?;
            }
            Ok(())
        } else {
            self.load_file(path)
        }
    }

    fn load_file(&mut self, path: &Path) -> Result<(), String> {
        use std::io::Read;
        let origin = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|e| format!("profile {origin}: cannot read: {e}"))?;
        let mut bytes = Vec::new();
        file.take(MAX_PROFILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("profile {origin}: cannot read: {e}"))?;
        if bytes.len() as u64 > MAX_PROFILE_BYTES {
            return Err(format!(
                "profile {origin}: larger than {}, not a profile",
                crate::input::files::size(MAX_PROFILE_BYTES)
            ));
        }
        let text = String::from_utf8(bytes)
            .map_err(|e| format!("profile {origin}: is not UTF-8 text: {e}"))?;
        let profile = Profile::from_toml(&text, &origin)?;
        if let Some(first) = self.origins.get(&profile.id) {
            return Err(format!(
                "profile {origin}: id '{}' is also the id of {first}; give each profile its own id",
                profile.id
            ));
        }
        self.origins.insert(profile.id.clone(), origin);
        self.insert(profile);
        Ok(())
    }

    /// Add `profile`, replacing one of the same id; gives back the one replaced.
    pub fn insert(&mut self, profile: Profile) -> Option<Profile> {
        self.profiles.insert(profile.id.clone(), profile)
    }

    /// The profile `id`, if the set holds it.
    pub fn get(&self, id: &str) -> Option<&Profile> {
        self.profiles.get(id)
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    /// Every profile, by id.
    pub fn iter(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// The profile `notice` names, after the checks that depend on it (its signing
    /// authority must be one the profile has a prefix for). An error is the JSON path
    /// of the bad value and a message.
    pub fn check_notice(&self, notice: &Notice) -> Result<&Profile, (String, String)> {
        let id = notice.profile.as_str();
        let Some(profile) = self.get(id) else {
            let mut message = format!(
                "'{id}' is not a known profile (known: {}; load others with --profile FILE)",
                self.ids().collect::<Vec<_>>().join(", ")
            );
            if let Some(best) = crate::input::messages::closest(id, &self.ids().collect::<Vec<_>>())
            {
                message.push_str(&format!("; did you mean '{best}'?"));
            }
            return Err(("profile".into(), message));
        };
        if let Some(a) = notice.signer.authority {
            if !profile.signer_prefixes.contains_key(&a) {
                return Err((
                    "signer.authority".into(),
                    format!(
                        "'{}' is not a signing authority of the {id} profile (use one of: {})",
                        a.key(),
                        profile
                            .signer_prefixes
                            .keys()
                            .map(|a| a.key())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        Ok(profile)
    }
}
