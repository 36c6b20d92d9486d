"""Understanding a question: analysis -> candidate subjects -> a calibrated decision."""
