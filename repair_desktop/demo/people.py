"""The people of the demo shop: its staff, its customers with their vehicles, and their maintenance contracts."""

from __future__ import annotations

import itertools
import operator
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from ..domain.statuses import Role
from ..store.security import hash_secret
from .shop import BATCH, DAY, DemoSignIn, Dice, Shop, stamp

# --- people -------------------------------------------------------------------------------------------------


MANAGER = "Linda Okafor"
FRONT_DESK = ("Jenny Park", "Marcus Reed")
TECHNICIAN_POOL = ("Carlos Mendoza", "Dave Kowalski", "Priya Raman", "Tom Becker", "Andre Jackson", "Mike Sullivan",
                   "Hector Alvarez", "Sam Whitfield", "Raj Patel", "Kevin O'Brien", "Luis Ortega", "Jake Morrison")
#: One PIN per role, easy to remember in a demo; each is hashed once (scrypt is slow on purpose).
PINS = {Role.MANAGER: "1234", Role.FRONT_DESK: "1111", Role.TECHNICIAN: "0000"}


def staff(shop: Shop) -> list[tuple]:
    rng = shop.rng
    people = [(MANAGER, Role.MANAGER)] + [(n, Role.FRONT_DESK) for n in FRONT_DESK]
    people += [(n, Role.TECHNICIAN) for n in rng.sample(TECHNICIAN_POOL, shop.plan.technicians)]
    hashes = {role: hash_secret(pin) for role, pin in PINS.items()}
    hired = stamp(shop.calendar.start - 30 * DAY)
    rows = []
    for name, role in people:
        employee = shop.ids.take("employees")
        rows.append((employee, name, role.value, True, hashes[role], hired))
        shop.names[employee] = name
        if role == Role.TECHNICIAN:
            shop.technicians.append(employee)
        else:
            if role == Role.MANAGER:
                shop.manager = employee
            shop.desk_pool += [employee] * (1 if role == Role.MANAGER else 3)
    return rows


def sign_ins(rows: list[tuple]) -> list[DemoSignIn]:
    """Who can sign in, with their PINs, read from the staff's rows (the rows may come from a helper process)."""
    return [DemoSignIn(name, Role(role), PINS[Role(role)]) for _, name, role, *_ in rows]


# --- customers and their vehicles ---------------------------------------------------------------------------

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
    "Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Steven Ashley Paul "
    "Kimberly Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah "
    "Ronald Stephanie Jason Rebecca Ryan Laura Jacob Sharon Gary Cynthia Nicholas Kathleen Eric Amy Jonathan Angela "
    "Larry Anna Justin Ruth Scott Brenda Brandon Pamela Benjamin Nicole Samuel Katherine Gregory Samantha Alexander "
    "Christine Patrick Emma Frank Catherine Raymond Olivia Jack Maria Dennis Heather Jerry Diane Tyler Julie Aaron "
    "Victoria Jose Kelly Adam Lauren Nathan Joan Henry Evelyn Zachary Grace Peter Chloe Kyle Mei Wei Aisha Omar "
    "Fatima Hiroshi Yuki Ana Diego Sofia Mateo Valentina Arjun Ananya Kwame Amara Ivan Olga Liam Noah Ava Mia").split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
    "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson "
    "Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris "
    "Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward "
    "Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders "
    "Patel Myers Long Ross Foster Jimenez Chen Wang Singh Okafor Mensah Kowalski Novak Schmidt Becker Rossi Ferrari "
    "Tanaka Sato Yamamoto Haddad Khan Ali Ivanova Petrov Larsen Olsen Murray Sullivan Byrne").split()
BUSINESS_KINDS = ("Plumbing", "Landscaping", "Courier Co.", "Electric", "Catering", "Florist", "Roofing",
                  "Cleaning Services", "Builders", "Pest Control", "Moving & Storage", "Home Care")
STREETS = ("Maple", "Oak", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Church", "River",
           "Sunset", "Highland", "Meadow", "Forest", "Spring", "Mill", "Ridge", "Walnut", "Franklin", "Lincoln",
           "Jefferson", "Madison", "Chestnut", "Willow", "Birch", "Cherry", "Orchard", "Valley")
STREET_KINDS = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd", "Way", "Pl")
TOWNS = (("Springfield", "IL", "627"), ("Riverton", "IL", "628"), ("Oak Park", "IL", "603"),
         ("Naperville", "IL", "605"), ("Evanston", "IL", "602"), ("Joliet", "IL", "604"), ("Aurora", "IL", "605"), ("Elgin", "IL", "601"),
         ("Wheaton", "IL", "601"), ("Skokie", "IL", "600"))
AREA_CODES = ("217", "312", "630", "708", "773", "815", "847", "872")
EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com")


def customers_and_vehicles(shop: Shop) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Customers in the order they became customers, each with one to three vehicles.

    Two in five came over from the shop's old card file before the history
    starts; the rest joined since. ``shop`` remembers when each joined, so an
    appointment is only ever booked for a vehicle whose owner was already a
    customer.
    """
    rng, cal, n = shop.rng, shop.calendar, shop.plan.customers
    imported = n * 2 // 5
    joined = sorted([cal.start - rng.below(90 * DAY) for _ in range(imported)]
                    + [rng.between(cal.start, cal.now) for _ in range(n - imported)])
    next_customer, next_vehicle = shop.ids.taker("customers"), shop.ids.taker("vehicles")
    this_year = cal.today.year
    for first in range(0, n, BATCH):
        customers, vehicles = [], []
        for created in joined[first:first + BATCH]:
            customer = next_customer()
            customers.append((customer, *_contact(rng), stamp(created)))
            shop.customer_ids.append(customer)
            shop.customer_created.append(created)
            shop.vehicles_before.append(len(shop.vehicle_ids))
            r = rng.random()
            for _ in range(1 if r < 0.7 else 2 if r < 0.92 else 3):
                vehicle = next_vehicle()
                vehicles.append((vehicle, customer, *_vehicle(rng, this_year)))
                shop.vehicle_ids.append(vehicle)
                shop.vehicle_owner.append(customer)
        yield customers, vehicles
    shop.vehicles_before.append(len(shop.vehicle_ids))


def _contact(rng: Dice) -> tuple[str, str, str | None, str]:
    """Name, phone (555-01xx: reserved for fiction), e-mail at an example domain (or none) and address."""
    pick = rng.pick
    first, last = pick(FIRST_NAMES), pick(LAST_NAMES)
    number = rng.below(100)
    if rng.random() < 0.08:
        name = f"{last} {pick(BUSINESS_KINDS)}"
        email = f"office{number}@{last.lower()}-{pick(('works', 'co', 'services'))}.example.com"
    else:
        name = f"{first} {last}"
        email = f"{first.lower()}.{last.lower()}{number}@{pick(EMAIL_DOMAINS)}" if rng.random() < 0.8 else None
    phone = f"({pick(AREA_CODES)}) 555-01{number:02d}"
    town, state, zip_prefix = pick(TOWNS)
    address = (f"{rng.between(1, 9900)} {pick(STREETS)} {pick(STREET_KINDS)}, "
               f"{town}, {state} {zip_prefix}{rng.below(100):02d}")
    return name, phone, email, address


#: make -> (world manufacturer identifiers, models); newer-only models carry their first year.
MAKES = {
    "Toyota": (("JTD", "4T1", "2T3"), ("Corolla", "Camry", "RAV4", "Tacoma", "Highlander", "Prius", "Sienna")),
    "Honda": (("1HG", "2HG", "5J6"), ("Civic", "Accord", "CR-V", "Pilot", "Odyssey", "Fit")),
    "Ford": (("1FA", "1FT", "1FM"), ("F-150", "Escape", "Focus", "Explorer", "Fusion", "Transit", "Ranger")),
    "Chevrolet": (("1G1", "1GC", "2GN"), ("Silverado", "Malibu", "Equinox", "Impala", "Tahoe", "Express")),
    "Nissan": (("1N4", "JN8", "5N1"), ("Altima", "Rogue", "Sentra", "Frontier", "Pathfinder")),
    "Hyundai": (("KMH", "5NP", "5NM"), ("Elantra", "Sonata", "Tucson", "Santa Fe")),
    "Kia": (("KND", "5XY", "KNA"), ("Sorento", "Sportage", "Optima", "Soul", "Forte")),
    "Subaru": (("JF1", "JF2", "4S4"), ("Outback", "Forester", "Impreza", "Crosstrek")),
    "Volkswagen": (("3VW", "WVW", "1VW"), ("Jetta", "Golf", "Passat", "Tiguan")),
    "Jeep": (("1C4", "1J4"), ("Wrangler", "Grand Cherokee", "Cherokee", "Compass")),
    "Ram": (("1C6", "3C6"), ("1500", "2500", "ProMaster")),
    "Mazda": (("JM1", "JM3"), ("Mazda3", "Mazda6", "CX-5", "CX-9")),
    "BMW": (("WBA", "5UX"), ("3 Series", "5 Series", "X3", "X5")),
    "Mercedes-Benz": (("WDD", "W1K", "4JG"), ("C-Class", "E-Class", "GLC", "Sprinter")),
    "Tesla": (("5YJ", "7SA"), ("Model 3", "Model Y")),
}
MAKE_SHARES = (14, 12, 13, 11, 8, 6, 5, 5, 4, 5, 4, 4, 3, 3, 3)  # in percent, on the road around here
MAKE_POOL = tuple(make for make, share in zip(MAKES, MAKE_SHARES) for _ in range(share))
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"  # never I, O or Q
VIN_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 2010, 2011, ... 2030, then 2001 ... 2009
VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9)))
VIN_VALUES.update({str(d): d for d in range(10)})
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_PLANTS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
PLATE_LETTERS = tuple(a + b + c for a in _LETTERS for b in _LETTERS for c in _LETTERS)


def _model_codes() -> dict[str, tuple[str, ...]]:
    """Positions 4-8 of a VIN describe the model, body and engine: three variants of each model, fixed."""
    rng = random.Random("vin model codes")
    return {model: tuple("".join(rng.choices(VIN_CHARS, k=5)) for _ in range(3))
            for _, models in MAKES.values() for model in models}


VIN_MODEL_CODES = _model_codes()


def _vehicle(rng: Dice, this_year: int) -> tuple[str, str, int, str, str]:
    """Make, model, year, plate and a VIN whose year code and check digit are right."""
    pick = rng.pick
    make = pick(MAKE_POOL)
    wmis, models = MAKES[make]
    model = pick(models)
    oldest = 2012 if make == "Tesla" else 2004
    year = min(this_year, oldest + int((this_year - oldest + 1) * rng.random() ** 0.7))  # more new cars than old
    if rng.random() < 0.6:
        plate = f"{pick(PLATE_LETTERS)}-{rng.between(1000, 10000)}"
    else:
        plate = f"{rng.between(1, 10)}{pick(PLATE_LETTERS)}{rng.between(100, 1000)}"
    return make, model, year, plate, _vin(rng, pick(wmis) + pick(VIN_MODEL_CODES[model]), year)


def _vin(rng: Dice, prefix: str, year: int) -> str:
    """Manufacturer and model code, check digit, year code, plant, serial number: a VIN that validates."""
    body = (prefix + "0" + VIN_YEAR_CODES[(year - 2010) % 30] + rng.pick(VIN_PLANTS)
            + f"{rng.below(1_000_000):06d}")
    check = sum(map(operator.mul, map(VIN_VALUES.__getitem__, body), VIN_WEIGHTS)) % 11
    return body[:8] + ("X" if check == 10 else str(check)) + body[9:]


# --- maintenance contracts ----------------------------------------------------------------------------------

PLANS = ("AMC", "AMC", "AMC", "AMC Plus", "AMC Plus", "Fleet AMC")
#: What became of a holder's latest contract, with its end relative to today (days).
CONTRACT_FATES = (("active", 31, 365), ("expiring", 0, 30), ("expired", -400, -1), ("cancelled", -200, 300))
CONTRACT_FATE_WEIGHTS = tuple(itertools.accumulate((50, 12, 23, 15)))


def contracts(shop: Shop) -> list[tuple]:
    """Annual contracts for three customers in ten, many of them renewed year after year.

    The latest contract of each holder is active, expiring within 30 days,
    expired or cancelled. ``shop.contract_spans`` keeps every contract that was
    not cancelled: callbacks may only fall inside one of those.
    """
    rng, cal = shop.rng, shop.calendar
    holders = sorted(rng.sample(range(len(shop.customer_ids)), round(len(shop.customer_ids) * 0.3)))
    rows = []
    for index in holders:
        customer = shop.customer_ids[index]
        joined = datetime.fromtimestamp(shop.customer_created[index]).date()
        fate, low, high = rng.choices(CONTRACT_FATES, cum_weights=CONTRACT_FATE_WEIGHTS)[0]
        ends = cal.today + timedelta(rng.randint(low, high))
        if ends < joined + timedelta(60):  # too new a customer to have had that: give them a running contract
            fate, ends = "active", cal.today + timedelta(rng.randint(31, 365))
        plan = rng.choice(PLANS)
        chain = []
        while ends >= joined and (not chain or rng.random() < 0.65):
            starts = max(ends - timedelta(364), joined)
            chain.append((starts, ends))
            ends = starts - timedelta(1)
        for k, (starts, ends) in enumerate(reversed(chain)):
            cancelled_at = None
            if fate == "cancelled" and k == len(chain) - 1:
                first = int(datetime(starts.year, starts.month, starts.day).timestamp())
                last = min(cal.now, int(datetime(ends.year, ends.month, ends.day).timestamp()))
                cancelled_at = rng.randrange(first, max(last, first + 1))
            else:
                shop.contract_spans.append((customer, starts, ends))
            rows.append((shop.ids.take("maintenance_contracts"), customer, plan, starts.isoformat(), ends.isoformat(),
                         cancelled_at is not None, stamp(cancelled_at)))
    return rows


