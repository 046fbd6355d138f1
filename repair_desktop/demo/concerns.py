"""What customers bring their cars in for, and how long the shop books for each kind of job.

The estimates are what a service writer would book: an oil change 30-45
minutes, brakes 90-120, a diagnosis an hour, a timing belt 4-5 hours. Every
appointment's ``duration_minutes`` follows its concern, in quarter hours.
"""

from __future__ import annotations

from .shop import Dice

#: (concern, shortest estimate, longest estimate) in minutes; a job's estimate is a quarter hour in between.
CONCERNS: tuple[tuple[str, int, int], ...] = (
    ("Oil change and filter", 30, 45), ("Oil change, rotate tires", 45, 60), ("Brakes squeal when stopping", 90, 120),
    ("Replace front brake pads", 90, 120), ("Grinding noise from rear brakes", 90, 120),
    ("Check engine light on", 60, 60), ("Check engine light flashing, runs rough", 60, 90),
    ("A/C blowing warm air", 60, 90), ("Heater not working", 60, 120), ("Battery keeps going flat", 45, 60),
    ("Car won't start in the morning", 60, 60), ("Tire rotation and balance", 45, 60),
    ("Vibration at highway speed", 60, 90), ("Pulls to the left", 60, 60), ("Wheel alignment", 60, 75),
    ("Replace timing belt", 240, 300), ("Coolant leak under the car", 60, 120),
    ("Engine overheating in traffic", 90, 120), ("Transmission slipping", 120, 180),
    ("Hard shifting into second gear", 90, 120), ("Clunk from front suspension over bumps", 90, 150),
    ("Replace wiper blades and top up fluids", 15, 30), ("State safety inspection", 45, 60),
    ("Pre-purchase inspection", 60, 90), ("Headlight out, driver side", 15, 30), ("Power window stuck", 60, 90),
    ("Squeaky belt on cold start", 45, 60), ("Exhaust louder than usual", 60, 90),
    ("Replace cabin and engine air filters", 30, 30), ("Steering wheel shakes when braking", 90, 120),
    ("ABS warning light on", 60, 90), ("Tire pressure light stays on", 30, 45), ("Fluid leak, reddish", 60, 90),
    ("Replace spark plugs", 60, 120), ("Rough idle", 60, 90), ("Fuel economy dropped", 60, 60),
    ("Replace serpentine belt", 60, 90), ("Scheduled maintenance per owner's manual", 90, 150),
    ("Noise from engine bay on acceleration", 60, 90), ("Key fob not recognised", 30, 60))
#: Mileage services, in thousands of miles: the bigger ones take longer.
MILEAGE_SERVICES = (15, 30, 45, 60, 75, 90, 105, 120)
QUARTER_HOUR = 15


def pick_concern(rng: Dice) -> tuple[str, int]:
    """A concern and its estimated minutes: one visit in seven is a mileage service, the rest a concern above."""
    if rng.random() < 0.15:
        thousands = rng.pick(MILEAGE_SERVICES)
        low, high = (60, 90) if thousands % 30 else (120, 180)  # every 30,000 miles: the big service
        return f"{thousands},000-mile service", _estimate(rng, low, high)
    concern, low, high = rng.pick(CONCERNS)
    return concern, _estimate(rng, low, high)


def _estimate(rng: Dice, low: int, high: int) -> int:
    return low + QUARTER_HOUR * rng.below((high - low) // QUARTER_HOUR + 1)
