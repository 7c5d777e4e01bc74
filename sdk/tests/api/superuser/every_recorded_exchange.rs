//! Every recorded exchange.

use super::*;

#[tokio::test]
async fn recorded_user_and_organization_responses_decode() {
    replay("listAllUsers", |c| async move {
        c.superuser().users().list().await
    })
    .await;
    replay("createInstallUser", |c| async move {
        c.superuser()
            .users()
            .create(&CreateInstallUser::new("someone"))
            .await
    })
    .await;
    replay("deleteInstallUser", |c| async move {
        c.superuser().users().delete("someone").await
    })
    .await;
    replay("listAllOrganizations", |c| async move {
        c.superuser().organizations().list().await
    })
    .await;
    replay("changeOrganization", |c| async move {
        c.superuser().organizations().rename("org", "org2").await
    })
    .await;
    replay("deleteOrganization", |c| async move {
        c.superuser().organizations().delete("org").await
    })
    .await;
    replay("listAllLogs", |c| async move { c.superuser().logs().await }).await;
    replay("listAllAggregateLogs", |c| async move {
        c.superuser().aggregate_logs().await
    })
    .await;
    replay("getInstallUser", |c| async move {
        c.superuser().users().get("someone").await
    })
    .await;
}

#[tokio::test]
async fn recorded_service_key_responses_decode() {
    replay("listServiceKeys", |c| async move {
        c.superuser().service_keys().list().await
    })
    .await;
    replay("createServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .create(&CreateServiceKey::new("svc"))
            .await
    })
    .await;
    replay("getServiceKey", |c| async move {
        c.superuser().service_keys().get("kid").await
    })
    .await;
    replay("updateServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .update("kid", &PutServiceKey::new())
            .await
    })
    .await;
    replay("deleteServiceKey", |c| async move {
        c.superuser().service_keys().delete("kid").await
    })
    .await;
    replay("approveServiceKey", |c| async move {
        c.superuser()
            .service_keys()
            .approve("kid", &ApproveServiceKey::new())
            .await
    })
    .await;
}

#[tokio::test]
async fn recorded_quota_responses_decode() {
    replay("listUserQuotaSuperUser", |c| async move {
        c.superuser().user_quota("ns").list().await
    })
    .await;
    replay("createUserQuotaSuperUser", |c| async move {
        c.superuser()
            .user_quota("ns")
            .create(&NewNamespaceQuota::size("5 GiB"))
            .await
    })
    .await;
    replay("changeUserQuotaSuperUser", |c| async move {
        c.superuser()
            .user_quota("ns")
            .update(1, &UpdateNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("deleteUserQuotaSuperUser", |c| async move {
        c.superuser().user_quota("ns").delete(1).await
    })
    .await;
    replay("listOrganizationQuotaSuperUser", |c| async move {
        c.superuser().organization_quota("ns").list().await
    })
    .await;
    replay("createOrganizationQuotaSuperUser", |c| async move {
        c.superuser()
            .organization_quota("ns")
            .create(&NewNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("changeOrganizationQuotaSuperUser", |c| async move {
        c.superuser()
            .organization_quota("ns")
            .update(1, &UpdateNamespaceQuota::bytes(1))
            .await
    })
    .await;
    replay("deleteOrganizationQuotaSuperUser", |c| async move {
        c.superuser().organization_quota("ns").delete(1).await
    })
    .await;
}

#[tokio::test]
async fn recorded_build_and_registry_size_responses_decode() {
    replay("getRepoBuildStatusSuperUser", |c| async move {
        c.superuser().build("b").status().await
    })
    .await;
    replay("getRepoBuildSuperUser", |c| async move {
        c.superuser().build("b").get().await
    })
    .await;
    replay("getRepoBuildLogsSuperUser", |c| async move {
        c.superuser().build("b").logs().await
    })
    .await;
    replay("getRegistrySize", |c| async move {
        c.superuser().registry_size().get().await
    })
    .await;
    replay("queueRegistrySizeCalculation", |c| async move {
        c.superuser().registry_size().queue().await
    })
    .await;
}

#[tokio::test]
async fn recorded_panel_extras_decode() {
    replay("changeInstallUser", |c| async move {
        c.superuser()
            .users()
            .update("someone", &UpdateInstallUser::new().email("x@example.com"))
            .await
    })
    .await;
    replay("takeOwnership", |c| async move {
        c.superuser().take_ownership("ns").await
    })
    .await;
    replay("getChangeLog", |c| async move {
        c.superuser().change_log().await
    })
    .await;
    replay("listAllAppTokens", |c| async move {
        c.superuser().app_tokens().await
    })
    .await;
    replay("getRepoBuildLogsArchiveSuperUser", |c| async move {
        c.superuser().build("u").archived_logs().await
    })
    .await;
}
