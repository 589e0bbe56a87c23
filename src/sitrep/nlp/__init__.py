"""Language components: sentences, actors, triggers, places, dates, numbers, attribution."""
