//! The profiles a renderer knows: the built-in ones and those loaded from files.
//!
//! A notice's `"profile": "name"` names one of them. A loaded profile whose `id` is a
//! built-in's replaces that built-in (as a template in `--templates DIR` replaces the
//! built-in of its name), so a corrected standard can be tried without a new
//! release; two loaded files giving the same `id` are an error, since one of them
//! would be silently ignored.

use super::Profile;
use crate::input::notice::Notice;
use crate::messages::compose as msg;
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
            let unreadable = |e: std::io::Error| {
                msg::profile_folder_unreadable(path.display(), crate::input::files::io_words(&e))
            };
            let entries = std::fs::read_dir(path).map_err(unreadable)?;
            for entry in entries {
                let entry = entry.map_err(unreadable)?;
                let p = entry.path();
                if p.extension().is_some_and(|e| e == "toml") && p.is_file() {
                    files.push(p);
                }
            }
            if files.is_empty() {
                return Err(msg::profile_folder_empty(path.display()));
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
        let unreadable = |e: std::io::Error| {
            msg::profile_at(
                &origin,
                msg::profile_unreadable(crate::input::files::io_words(&e)),
            )
        };
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        file.take(MAX_PROFILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_PROFILE_BYTES {
            return Err(msg::profile_at(
                &origin,
                msg::profile_too_large(crate::input::files::size(MAX_PROFILE_BYTES)),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            msg::profile_at(&origin, msg::profile_not_utf8(e.utf8_error().valid_up_to()))
        })?;
        let profile = Profile::from_toml(&text, &origin)?;
        if let Some(first) = self.origins.get(&profile.id) {
            return Err(msg::profile_at(
                &origin,
                msg::profile_duplicate_id(&profile.id, first),
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
            let ids: Vec<&str> = self.ids().collect();
            let known = ids.join(", ");
            let message = match crate::input::messages::closest(id, &ids) {
                Some(best) => msg::profile_unknown_did_you_mean(id, known, best),
                None => msg::profile_unknown(id, known),
            };
            return Err(("profile".into(), message));
        };
        if let Some(a) = notice.signer.authority {
            if !profile.signer_prefixes.contains_key(&a) {
                return Err((
                    "signer.authority".into(),
                    msg::profile_authority_unknown(
                        a.key(),
                        id,
                        profile
                            .signer_prefixes
                            .keys()
                            .map(|a| a.key())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ));
            }
        }
        Ok(profile)
    }
}
