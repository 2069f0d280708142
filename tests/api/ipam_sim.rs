//! IPAM against the simulator: a NIC's private addresses are booked from its
//! network's subnets when it is created, listed by region (every page) and
//! by resource, and released when the NIC or its server goes.

use std::collections::HashSet;
use std::time::Duration;

use scwdash::api::ipam::{self, IpFilters};
use scwdash::api::models::*;
use scwdash::api::{Client, ClientConfig, Region, RetryPolicy, SecretKey, Zone, instance, vpc};
use scwdash::sim::{SimConfig, SimHandle, spawn};

const ZONE: Zone = Zone::FrPar1;
const REGION: Region = Region::FrPar;

async fn sim(cfg: SimConfig) -> (SimHandle, Client) {
    let handle = spawn(cfg).await.expect("sim");
    let mut c = ClientConfig::new(SecretKey::new("test-token"));
    c.api_url = handle.base_url();
    c.timeout = Duration::from_secs(5);
    c.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    };
    let client = Client::new(c).expect("client");
    (handle, client)
}

async fn server(client: &Client, name: &str) -> Server {
    instance::create_server(
        client,
        ZONE,
        &CreateServerRequest {
            name: name.to_string(),
            commercial_type: "DEV1-S".to_string(),
            image: Some("ubuntu_noble".to_string()),
            ..Default::default()
        },
    )
    .await
    .expect("create server")
}

async fn network(client: &Client, subnets: &[&str]) -> PrivateNetwork {
    vpc::create_private_network(
        client,
        REGION,
        &CreatePrivateNetworkRequest {
            name: "ipam-net".into(),
            subnets: Some(subnets.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        },
    )
    .await
    .expect("pn")
}

async fn nic(
    client: &Client,
    server: &str,
    pn: &str,
) -> Result<PrivateNic, scwdash::api::ApiError> {
    instance::create_private_nic(
        client,
        ZONE,
        server,
        &CreatePrivateNicRequest {
            private_network_id: pn.to_string(),
            tags: None,
            ipam_ip_ids: None,
        },
    )
    .await
}

async fn ips_of(client: &Client, nic: &str) -> Vec<IpamIp> {
    let filters = IpFilters {
        resource_id: Some(nic.to_string()),
        ..IpFilters::private_nics()
    };
    ipam::list_ips(client, REGION, &filters).await.expect("ips")
}

#[tokio::test]
async fn a_nic_gets_an_ipv4_and_an_ipv6_from_its_network_and_gives_them_back() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    let pn = network(&client, &["10.42.0.0/24", "fd00:42::/64"]).await;
    let (a, b) = (
        server(&client, "ipam-a").await,
        server(&client, "ipam-b").await,
    );
    let nic_a = nic(&client, &a.id, &pn.id).await.expect("nic a");
    let ips = ips_of(&client, &nic_a.id).await;
    // The ids the NIC lists are the IPs IPAM holds for it, IPv4 first.
    let ids: Vec<&str> = ips.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, nic_a.ipam_ip_ids);
    let addresses: Vec<&str> = ips.iter().map(|i| i.address.as_str()).collect();
    // The first free host after the gateway's .1, in CIDR notation; the IPv6
    // in the network's /64.
    assert_eq!(addresses[0], "10.42.0.2/24");
    assert!(addresses[1].starts_with("fd00:42::") && addresses[1].ends_with("/64"));
    assert_eq!((ips[0].is_ipv6, ips[1].is_ipv6), (false, true));
    let r = ips[0].resource.as_ref().expect("resource");
    assert_eq!(r.kind, IpamResourceType::InstancePrivateNic);
    assert_eq!(
        (r.id.as_str(), r.name.as_deref()),
        (nic_a.id.as_str(), Some("ipam-a"))
    );
    assert_eq!(r.mac_address.as_deref(), Some(nic_a.mac_address.as_str()));
    let subnet_v4 = pn
        .subnets
        .iter()
        .find(|s| s.subnet == "10.42.0.0/24")
        .unwrap();
    assert_eq!(
        ips[0].source.as_ref().and_then(|s| s.subnet_id.as_deref()),
        Some(subnet_v4.id.as_str())
    );
    assert_eq!(
        (ips[0].region.as_str(), ips[0].zone.as_deref()),
        ("fr-par", None)
    );
    assert_eq!(ips[0].bare_address(), "10.42.0.2");
    assert_eq!(
        ipam::get_ip(&client, REGION, &ips[0].id)
            .await
            .expect("get")
            .address,
        "10.42.0.2/24"
    );

    // A second NIC gets the next address; a filter by network sees both.
    let nic_b = nic(&client, &b.id, &pn.id).await.expect("nic b");
    assert_eq!(ips_of(&client, &nic_b.id).await[0].address, "10.42.0.3/24");
    let on_pn = IpFilters {
        private_network_id: Some(pn.id.clone()),
        ..IpFilters::default()
    };
    assert_eq!(
        ipam::list_ips(&client, REGION, &on_pn).await.unwrap().len(),
        4
    );
    let both_v6 = IpFilters {
        resource_ids: vec![nic_a.id.clone(), nic_b.id.clone()],
        is_ipv6: Some(true),
        ..IpFilters::default()
    };
    let v6 = ipam::list_ips(&client, REGION, &both_v6).await.unwrap();
    assert_eq!(v6.len(), 2);
    assert!(v6.iter().all(|i| i.is_ipv6));
    // Another region holds none of them.
    let ams = ipam::list_ips(&client, Region::NlAms, &IpFilters::private_nics())
        .await
        .unwrap();
    assert!(ams.iter().all(|i| i.region == "nl-ams"));
    assert!(!ams.iter().any(|i| nic_a.ipam_ip_ids.contains(&i.id)));

    // Deleting the NIC releases its addresses: gone from the list, 404 by
    // id, and .2 is free for the next NIC.
    instance::delete_private_nic(&client, ZONE, &a.id, &nic_a.id)
        .await
        .expect("delete nic");
    assert!(ips_of(&client, &nic_a.id).await.is_empty());
    let err = ipam::get_ip(&client, REGION, &nic_a.ipam_ip_ids[0])
        .await
        .expect_err("released");
    assert!(err.is_not_found(), "{err}");
    let again = nic(&client, &a.id, &pn.id).await.expect("nic again");
    assert_eq!(ips_of(&client, &again.id).await[0].address, "10.42.0.2/24");

    // Deleting the server takes its NIC's addresses with it.
    instance::delete_server(&client, ZONE, &b.id)
        .await
        .expect("delete server");
    assert!(ips_of(&client, &nic_b.id).await.is_empty());
}

#[tokio::test]
async fn a_full_subnet_refuses_the_nic() {
    let (_sim, client) = sim(SimConfig::fast()).await;
    // A /30 has two hosts: the gateway's .1 and one more.
    let pn = network(&client, &["10.9.9.0/30"]).await;
    let (a, b) = (
        server(&client, "full-a").await,
        server(&client, "full-b").await,
    );
    let first = nic(&client, &a.id, &pn.id)
        .await
        .expect("the one free address");
    assert_eq!(ips_of(&client, &first.id).await[0].address, "10.9.9.2/30");
    let err = nic(&client, &b.id, &pn.id).await.expect_err("subnet full");
    assert_eq!(err.status(), Some(400), "{err}");
    assert!(err.to_string().contains("no free IPv4"), "{err}");
    // Nothing was booked for the refused NIC.
    assert!(
        instance::list_private_nics(&client, ZONE, &b.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn every_nic_address_of_a_region_comes_back_over_every_page() {
    // 900 servers, a third of them with a NIC: about 90 NICs in fr-par's
    // three zones, 180 addresses, two pages of 100.
    let (_sim, client) = sim(SimConfig {
        fleet: Some(900),
        ..SimConfig::fast()
    })
    .await;
    let mut expected: HashSet<String> = HashSet::new();
    for zone in REGION.zones() {
        for s in instance::list_servers(&client, zone, &Default::default())
            .await
            .unwrap()
        {
            for n in s.private_nics {
                expected.extend(n.ipam_ip_ids);
            }
        }
    }
    assert!(
        expected.len() > 100,
        "more than one page: {}",
        expected.len()
    );
    let listed = ipam::list_ips(&client, REGION, &IpFilters::private_nics())
        .await
        .unwrap();
    let ids: HashSet<String> = listed.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids.len(), listed.len(), "no address twice");
    assert_eq!(ids, expected);
    // No two NICs share an address.
    let addresses: HashSet<&str> = listed.iter().map(|i| i.address.as_str()).collect();
    assert_eq!(addresses.len(), listed.len());
    // What the dashboard keeps of the same pages: every address, bare, by NIC.
    let kept = ipam::list_private_nic_ips(&client, REGION).await.unwrap();
    assert_eq!(kept.len(), listed.len());
    let by_nic = ipam::NicAddresses::from_ips(kept);
    for ip in &listed {
        let nic = ip
            .attached_to(&IpamResourceType::InstancePrivateNic)
            .unwrap();
        let of_nic = by_nic.get(nic).unwrap();
        assert!(of_nic.iter().any(|a| **a == *ip.bare_address()), "{ip:?}");
    }
}

/// The keys of an IP are the SDKs' `IP` fields, no more, no fewer, and the
/// query is checked as the API does.
#[tokio::test]
async fn an_ip_has_the_sdk_keys_and_bad_filters_are_refused() {
    let (sim, _client) = sim(SimConfig::fast()).await;
    let http = reqwest::Client::new();
    let get = |q: &str| {
        http.get(format!("{}/ipam/v1/regions/fr-par/ips?{q}", sim.base_url()))
            .header("X-Auth-Token", "t")
            .send()
    };
    let body: serde_json::Value = get("page_size=1").await.unwrap().json().await.unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&body), ["ips", "total_count"]);
    let ip = &body["ips"][0];
    assert_eq!(
        keys(ip),
        [
            "address",
            "created_at",
            "id",
            "is_ipv6",
            "project_id",
            "region",
            "resource",
            "reverses",
            "source",
            "tags",
            "updated_at",
            "zone"
        ]
    );
    assert_eq!(keys(&ip["resource"]), ["id", "mac_address", "name", "type"]);
    assert_eq!(keys(&ip["source"]), ["subnet_id"]);
    assert!(ip["zone"].is_null());
    // The Python SDK spells booleans `True` / `False`.
    let v6: serde_json::Value = get("is_ipv6=True").await.unwrap().json().await.unwrap();
    assert!(
        v6["ips"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["is_ipv6"] == true)
    );
    for bad in ["is_ipv6=maybe", "order_by=size_asc", "page_size=101"] {
        let r = get(bad).await.unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
}
