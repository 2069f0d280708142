//! Zones and regions as types: a typo in a zone name is caught when it is parsed,
//! never sent to the API. Which of them each product serves lives here too
//! ([`Product::zones`], [`Product::regions`]), so the zone bar, `--zone all`,
//! `list` and the simulator all ask one place.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A Scaleway region (regional APIs such as VPC live here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Region {
    FrPar,
    NlAms,
    PlWaw,
    ItMil,
}

/// A Scaleway availability zone (zoned APIs such as Instance and Block live here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    FrPar1,
    FrPar2,
    FrPar3,
    NlAms1,
    NlAms2,
    NlAms3,
    PlWaw1,
    PlWaw2,
    PlWaw3,
    ItMil1,
}

/// The products whose availability differs by zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    Instance,
    Block,
    Vpc,
}

impl Region {
    /// Every region the SDKs know (SDK-L), in the order the zone bar shows them.
    pub const ALL: [Region; 4] = [Region::FrPar, Region::NlAms, Region::PlWaw, Region::ItMil];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::FrPar => "fr-par",
            Region::NlAms => "nl-ams",
            Region::PlWaw => "pl-waw",
            Region::ItMil => "it-mil",
        }
    }

    /// The zones that belong to this region, in order.
    pub fn zones(self) -> impl Iterator<Item = Zone> {
        Zone::ALL.into_iter().filter(move |z| z.region() == self)
    }
}

impl Zone {
    /// Every zone the SDKs know (SDK-L), in the order the zone bar shows them.
    pub const ALL: [Zone; 10] = [
        Zone::FrPar1,
        Zone::FrPar2,
        Zone::FrPar3,
        Zone::NlAms1,
        Zone::NlAms2,
        Zone::NlAms3,
        Zone::PlWaw1,
        Zone::PlWaw2,
        Zone::PlWaw3,
        Zone::ItMil1,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Zone::FrPar1 => "fr-par-1",
            Zone::FrPar2 => "fr-par-2",
            Zone::FrPar3 => "fr-par-3",
            Zone::NlAms1 => "nl-ams-1",
            Zone::NlAms2 => "nl-ams-2",
            Zone::NlAms3 => "nl-ams-3",
            Zone::PlWaw1 => "pl-waw-1",
            Zone::PlWaw2 => "pl-waw-2",
            Zone::PlWaw3 => "pl-waw-3",
            Zone::ItMil1 => "it-mil-1",
        }
    }

    pub fn region(self) -> Region {
        match self {
            Zone::FrPar1 | Zone::FrPar2 | Zone::FrPar3 => Region::FrPar,
            Zone::NlAms1 | Zone::NlAms2 | Zone::NlAms3 => Region::NlAms,
            Zone::PlWaw1 | Zone::PlWaw2 | Zone::PlWaw3 => Region::PlWaw,
            Zone::ItMil1 => Region::ItMil,
        }
    }

    /// Whether `product` is served in this zone.
    pub fn serves(self, product: Product) -> bool {
        product.zones().contains(&self)
    }
}

impl Product {
    /// The zones this product answers in, as the real API does (API-FACTS §4):
    /// Instance lists all ten (it-mil-1 included); Block's SDK lists nine but
    /// the recorded Block v1 fan-out got 200 from it-mil-1 too, so ten; VPC is
    /// regional and every zone's region has it.
    pub fn zones(self) -> &'static [Zone] {
        match self {
            Product::Instance | Product::Block | Product::Vpc => &Zone::ALL,
        }
    }

    /// The regions this product answers in: VPC v2 serves the four (it-mil
    /// included); the zonal products live in the regions of their zones.
    pub fn regions(self) -> &'static [Region] {
        match self {
            Product::Instance | Product::Block | Product::Vpc => &Region::ALL,
        }
    }
}

/// The error for a zone or region name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {given:?}; expected one of: {expected}")]
pub struct UnknownLocality {
    pub kind: &'static str,
    pub given: String,
    pub expected: String,
}

impl FromStr for Zone {
    type Err = UnknownLocality;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Zone::ALL
            .into_iter()
            .find(|z| z.as_str() == wanted)
            .ok_or_else(|| UnknownLocality {
                kind: "zone",
                given: s.to_string(),
                expected: Zone::ALL.map(Zone::as_str).join(", "),
            })
    }
}

impl FromStr for Region {
    type Err = UnknownLocality;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Region::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| UnknownLocality {
                kind: "region",
                given: s.to_string(),
                expected: Region::ALL.map(Region::as_str).join(", "),
            })
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A zone choice on the command line or in the zone bar: one zone or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ZoneScope {
    One(Zone),
    All,
}

/// A region choice on the command line: one region or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegionScope {
    One(Region),
    All,
}

impl ZoneScope {
    /// The zones of this choice where `product` is served: one zone, or every
    /// zone the product serves (not every zone there is).
    pub fn zones(self, product: Product) -> Vec<Zone> {
        match self {
            ZoneScope::One(z) => vec![z].into_iter().filter(|z| z.serves(product)).collect(),
            ZoneScope::All => product.zones().to_vec(),
        }
    }

    /// The regions a regional `product` shows under this zone choice.
    pub fn regions(self, product: Product) -> Vec<Region> {
        let served = product.regions();
        match self {
            ZoneScope::One(z) => [z.region()]
                .into_iter()
                .filter(|r| served.contains(r))
                .collect(),
            ZoneScope::All => served.to_vec(),
        }
    }
}

impl RegionScope {
    /// The regions of this choice where `product` is served.
    pub fn regions(self, product: Product) -> Vec<Region> {
        let served = product.regions();
        match self {
            RegionScope::One(r) => [r].into_iter().filter(|r| served.contains(r)).collect(),
            RegionScope::All => served.to_vec(),
        }
    }
}

impl FromStr for ZoneScope {
    type Err = UnknownLocality;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("all") {
            Ok(ZoneScope::All)
        } else {
            s.parse().map(ZoneScope::One)
        }
    }
}

impl FromStr for RegionScope {
    type Err = UnknownLocality;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("all") {
            Ok(RegionScope::All)
        } else {
            s.parse().map(RegionScope::One)
        }
    }
}

impl fmt::Display for ZoneScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneScope::One(z) => z.fmt(f),
            ZoneScope::All => f.write_str("all"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_zone_round_trips_and_maps_to_its_region() {
        for z in Zone::ALL {
            assert_eq!(z.as_str().parse::<Zone>(), Ok(z));
            assert!(z.as_str().starts_with(z.region().as_str()));
        }
        assert_eq!(Region::FrPar.zones().count(), 3);
    }

    #[test]
    fn unknown_zone_names_the_value_and_the_choices() {
        let err = "fr-par-9".parse::<Zone>().unwrap_err().to_string();
        assert!(err.contains("\"fr-par-9\""), "{err}");
        assert!(err.contains("pl-waw-3"), "{err}");
    }

    #[test]
    fn scope_all_expands_to_what_each_product_serves() {
        let all = "all".parse::<ZoneScope>().unwrap();
        assert_eq!(all.zones(Product::Instance).len(), 10);
        assert!(all.zones(Product::Instance).contains(&Zone::ItMil1));
        assert_eq!(all.zones(Product::Block).len(), 10);
        assert_eq!(all.regions(Product::Vpc).len(), 4);
        assert!(all.regions(Product::Vpc).contains(&Region::ItMil));
        assert_eq!(
            "ALL"
                .parse::<RegionScope>()
                .unwrap()
                .regions(Product::Vpc)
                .len(),
            4
        );
        assert_eq!(
            "nl-ams-2"
                .parse::<ZoneScope>()
                .unwrap()
                .regions(Product::Vpc),
            vec![Region::NlAms]
        );
    }

    #[test]
    fn it_mil_is_a_zone_and_a_region() {
        assert_eq!("it-mil-1".parse::<Zone>(), Ok(Zone::ItMil1));
        assert_eq!("it-mil".parse::<Region>(), Ok(Region::ItMil));
        assert_eq!(Zone::ItMil1.region(), Region::ItMil);
        assert_eq!(
            Region::ItMil.zones().collect::<Vec<_>>(),
            vec![Zone::ItMil1]
        );
        assert!(Zone::ItMil1.serves(Product::Instance));
    }
}
