throw new Error('msgpackr-extract is disabled');
