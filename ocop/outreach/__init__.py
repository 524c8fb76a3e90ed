"""Outreach (xúc tiến): trade fairs and promotion events, and news from the units."""
