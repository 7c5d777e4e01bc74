//! Hand-written helpers on the `organization` area's generated models.

use super::{
    Application, NewProxyCacheConfig, OrganizationView, ProxyCacheConfig, ProxyCacheConfigured,
    Secret, TeamSummary, UpdateApp,
};

impl OrganizationView {
    /// The teams in creation order, as far as the caller may see them (empty when `teams` is
    /// absent).
    pub fn teams_in_order(&self) -> Vec<&TeamSummary> {
        let (Some(teams), Some(order)) = (&self.teams, &self.ordered_teams) else {
            return Vec::new();
        };
        order.iter().filter_map(|name| teams.get(name)).collect()
    }
}

impl UpdateApp {
    /// The application's current state as an update, to change only some fields. A redirect
    /// URI hidden from the caller (`None`) becomes `""`.
    pub fn from_application(app: &Application) -> Self {
        let mut update = UpdateApp::new(
            app.name.clone(),
            app.redirect_uri.clone().unwrap_or_default(),
            app.application_uri.clone(),
        )
        .description(app.description.clone());
        update.avatar_email = app.avatar_email.clone();
        update
    }
}

impl ProxyCacheConfig {
    /// The stored configuration, if there is one.
    pub fn configured(&self) -> Option<&ProxyCacheConfigured> {
        match self {
            ProxyCacheConfig::ProxyCacheConfigured(c) => Some(c),
            _ => None,
        }
    }

    /// Whether the organization is a proxy cache.
    pub fn is_configured(&self) -> bool {
        self.configured().is_some()
    }
}

impl NewProxyCacheConfig {
    /// Sets the upstream user name and password together.
    pub fn credentials(self, username: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.upstream_registry_username(username)
            .upstream_registry_password(password)
    }
}
